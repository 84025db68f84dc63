package io.argon.core.cli;

import io.argon.core.Version;
import picocli.CommandLine;

/** Answers {@code --version} for every Argon command. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "${COMMAND-FULL-NAME} " + Version.get(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        };
    }
}
