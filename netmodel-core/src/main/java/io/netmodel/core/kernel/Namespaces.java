package io.netmodel.core.kernel;

import io.netmodel.api.namespace.NamespaceHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Network namespaces: the host's, named ones (files in a netns directory, as {@code ip
 * netns} keeps them), and any other by path or process id. Thread-safe.
 */
public interface Namespaces {

  /** The namespace the port is bound to as "the host". The caller must not close it. */
  NamespaceHandle host();

  /** The directory where named namespaces are kept. */
  Path directory();

  /**
   * A hint that the calling thread is about to {@link #create} a namespace, so that the port may
   * get ready meanwhile: the Linux port wakes the thread that will make it, whose wake-up takes
   * tens of microseconds on a virtual machine, to overlap the caller's work before {@code
   * create}. Nothing else changes, and without a {@code create} soon after, the hint lapses. The
   * default does nothing.
   */
  default void expectCreate() {}

  /**
   * Creates a named namespace holding only {@code lo} (down). The caller closes the handle.
   *
   * @throws io.netmodel.api.ConflictException if the name is taken
   */
  NamespaceHandle create(String name);

  /**
   * Opens a named namespace.
   *
   * @throws io.netmodel.api.NotFoundException if there is none of that name
   */
  NamespaceHandle open(String name);

  /** Opens the namespace a file names: a bind-mounted namespace or {@code /proc/PID/ns/net}. */
  NamespaceHandle openPath(Path path);

  /** Opens the network namespace of a process. */
  NamespaceHandle openPid(long pid);

  /** The names of the named namespaces, sorted. */
  List<String> list();

  /**
   * Deletes a named namespace; its devices go with it once nothing else holds it. Returns
   * false when there was none of that name.
   */
  boolean delete(String name);

  /**
   * Checks a namespace name as {@code ip netns} takes it: one file name, 1..255 bytes, not
   * {@code .} or {@code ..}, no {@code /} or NUL. Every port refuses the same names.
   *
   * @throws IllegalArgumentException quoting the name and naming the rule
   */
  static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("namespace name must not be empty");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("namespace name must not be . or ..: \"" + name + "\"");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "namespace name must not contain / or NUL: \"" + name + "\"");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 255) { // NAME_MAX, linux/limits.h
      throw new IllegalArgumentException(
          "namespace name longer than 255 bytes (" + bytes + "): \"" + name + "\"");
    }
    return name;
  }
}
