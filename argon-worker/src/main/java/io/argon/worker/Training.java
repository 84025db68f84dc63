package io.argon.worker;

import io.argon.protocol.FrameStream;
import io.argon.protocol.Hello;
import io.argon.protocol.Messages;
import io.argon.protocol.RawJson;
import io.argon.protocol.Submit;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code WorkerMain --train}: the run a node makes once, with {@code -XX:ArchiveClassesAtExit},
 * so that later workers start from a class-data-sharing archive of what a worker loads: the
 * link over a Unix socket, the frames, and the whole path of a task (decode, bind the params
 * with Jackson, run, encode). Classes come from an archive already parsed and verified, which
 * takes a worker's start from about 260 to 150 ms of CPU.
 */
final class Training {
    private Training() {
    }

    static void run() throws IOException {
        Path dir = Files.createTempDirectory("argon-train-");
        Path socket = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX);
                 SocketChannel accepted = connect(client, server, socket)) {
                FrameStream out = new FrameStream(Channels.newInputStream(client), Channels.newOutputStream(client),
                        Messages.DEFAULT_MAX_FRAME_BYTES);
                FrameStream in = new FrameStream(Channels.newInputStream(accepted), Channels.newOutputStream(accepted),
                        Messages.DEFAULT_MAX_FRAME_BYTES);
                out.write(new Hello("hello", 0, ProcessHandle.current().pid()));
                in.read();
                TaskRunner runner = new TaskRunner(Training.class.getClassLoader());
                for (int i = 0; i < 200; i++) {
                    out.write(new Submit("t" + i, WorkerMain.Warmup.class.getName(), RawJson.parse("{\"num\":" + i + "}"), null, false));
                    in.writeFrame(Messages.encode(runner.run((Submit) in.read())));
                    out.read();
                }
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    private static SocketChannel connect(SocketChannel client, ServerSocketChannel server, Path socket) throws IOException {
        client.connect(UnixDomainSocketAddress.of(socket));
        return server.accept();
    }
}
