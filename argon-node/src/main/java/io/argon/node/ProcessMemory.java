package io.argon.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much memory a process holds, as Linux's /proc tells; elsewhere it is not known. */
final class ProcessMemory {
    private static final Path PROC = Path.of("/proc");

    private ProcessMemory() {
    }

    /** The resident set size of process {@code pid} in bytes, or -1 if it is not known (not Linux, or gone). */
    static long residentBytes(long pid) {
        Path status = PROC.resolve(Long.toString(pid)).resolve("status");
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("VmRSS:")) {
                    return parseKilobytes(line.substring("VmRSS:".length())) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** "   123456 kB" as 123456. */
    static long parseKilobytes(String field) {
        String value = field.trim();
        if (!value.endsWith("kB")) {
            throw new NumberFormatException("not in kB: " + field);
        }
        return Long.parseLong(value.substring(0, value.length() - 2).trim());
    }
}
