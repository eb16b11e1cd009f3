package io.netmodel.linux.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netmodel.api.KernelException;
import io.netmodel.api.PermissionDeniedException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyscallsTest {

  @ParameterizedTest
  @CsvSource({
    "1, EPERM",
    "2, ENOENT",
    "11, EAGAIN",
    "13, EACCES",
    "17, EEXIST",
    "22, EINVAL",
    "35, EDEADLK",
    "92, ENOPROTOOPT",
    "95, EOPNOTSUPP",
    "105, ENOBUFS",
  })
  void namesErrnoAsTheKernelHeadersDo(int errno, String name) {
    assertThat(Errnos.name(errno)).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource({"1, true", "13, true", "2, false", "17, false"})
  void givesPermissionErrorsTheirOwnType(int errno, boolean permission) {
    KernelException e = Syscalls.exception("setns", "/run/netns/web", errno);
    assertThat(e instanceof PermissionDeniedException).isEqualTo(permission);
    assertThat(e.errno()).isEqualTo(errno);
  }

  @Test
  void reportsTheOperationObjectAndErrnoOfAFailedCall(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> Syscalls.open(missing, Syscalls.O_RDONLY, 0))
        .isInstanceOfSatisfying(
            KernelException.class,
            e -> {
              assertThat(e.operation()).isEqualTo("open");
              assertThat(e.object()).isEqualTo(missing.toString());
              assertThat(e.errnoName()).isEqualTo("ENOENT");
              assertThat(e.getMessage())
                  .isEqualTo("open " + missing + " failed: ENOENT (No such file or directory)");
            });
  }

  @Test
  void mkdirOfAnExistingDirectoryFailsWithEexist(@TempDir Path dir) {
    assertThatThrownBy(() -> Syscalls.mkdir(dir, 0755))
        .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.is("EEXIST")).isTrue());
  }

  @Test
  void opensAndClosesAFile(@TempDir Path dir) {
    Path file = dir.resolve("f");
    int fd = Syscalls.open(file, Syscalls.O_RDONLY | Syscalls.O_CREAT | Syscalls.O_EXCL, 0600);
    assertThat(fd).isNotNegative();
    Syscalls.close(fd, file.toString());
    assertThatThrownBy(() -> Syscalls.close(fd, "closed fd"))
        .isInstanceOfSatisfying(KernelException.class, e -> assertThat(e.is("EBADF")).isTrue());
    Syscalls.unlink(file);
    assertThat(file).doesNotExist();
  }

  @Test
  void setnsOnABadDescriptorFailsWithEbadf() {
    assertThatThrownBy(() -> Syscalls.setns(-5, Syscalls.CLONE_NEWNET, "fd -5"))
        .isInstanceOfSatisfying(
            KernelException.class,
            e -> {
              assertThat(e.operation()).isEqualTo("setns");
              assertThat(e.errnoName()).isEqualTo("EBADF");
            });
  }

  @Test
  void refusesTextWithNul() {
    assertThatThrownBy(() -> Syscalls.mount("a\0b", Path.of("/tmp"), "none", Syscalls.MS_BIND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NUL");
  }

  @Test
  void refusesHeapBuffers() {
    assertThatThrownBy(
            () ->
                Syscalls.sendto(
                    -1, ByteBuffer.allocate(4), 0, ByteBuffer.allocateDirect(12), "fd -1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("direct");
  }

  @Test
  void gettidIsTheThreadsKernelId() throws Exception {
    int tid = Syscalls.gettid();
    assertThat(Path.of("/proc/thread-self").toRealPath().getFileName().toString())
        .isEqualTo(Integer.toString(tid));
  }
}
