package io.argon.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.argon.core.Version;
import java.nio.file.Path;

/** The distribution archive {@code mvn package} builds, unpacked for a test as an operator would. */
final class DistributionArchive {
    private DistributionArchive() {
    }

    /** Unpacks the archive into {@code directory} and returns the directory it made, {@code argon-VERSION}. */
    static Path unpack(Path directory) throws Exception {
        Path archive = ArgonProcess.home().resolve("argon-dist/target/argon-" + Version.get() + ".tar.gz");
        assertThat(archive).as("mvn -B package builds the archive").exists();
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", directory.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return directory.resolve("argon-" + Version.get());
    }
}
