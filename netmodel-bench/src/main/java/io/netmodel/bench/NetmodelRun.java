package io.netmodel.bench;

import java.util.List;

/**
 * What netmodel did at one size: bridge-mode attach and removal, none-mode creation and
 * removal, memory before the attaches and with every sandbox live, how long the kernel took
 * to destroy the removed sandboxes' veths in the background, and, with {@code --profile},
 * the kernel-port calls of the attaches and of the removals; and how long the JIT compiler worked
 * while the attaches were timed ({@code attachCompileMillis}, -1 where the JVM does not tell).
 */
record NetmodelRun(
    int size,
    Timing attach,
    Timing remove,
    Timing noneCreate,
    Timing noneRemove,
    Memory before,
    Memory live,
    long vethsGoneMillis,
    List<StepTimes.Step> attachSteps,
    List<StepTimes.Step> removeSteps,
    long attachCompileMillis) {
  NetmodelRun {
    attachSteps = List.copyOf(attachSteps);
    removeSteps = List.copyOf(removeSteps);
  }
}
