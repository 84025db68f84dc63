package io.argon.bench;

import java.lang.management.ManagementFactory;

/**
 * The CPU time this JVM has used. The bench reports its own share of the machine because on a
 * small machine the load driver competes with the system it measures; with {@code --local}
 * the node's event loop runs in this JVM too (its worker JVMs do not).
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    /** CPU time used so far by this JVM, all threads, in nanoseconds; -1 if the JVM cannot tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
