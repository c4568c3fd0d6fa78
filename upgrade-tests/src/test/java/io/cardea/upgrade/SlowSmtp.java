package io.cardea.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A TCP relay in front of an SMTP server that holds each of the server's answers for a while: a
 * slow mail server, so that a test can kill an instance while it is in the middle of sending.
 */
final class SlowSmtp implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final Duration delay;

    private SlowSmtp(int target, Duration delay) throws IOException {
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.delay = delay;
        Thread.ofVirtual().start(this::accept);
    }

    /** Relays 127.0.0.1:{@link #port()} to {@code target}, each answer held for {@code delay}. */
    static SlowSmtp inFrontOf(int target, Duration delay) throws IOException {
        return new SlowSmtp(target, delay);
    }

    int port() {
        return listening.getLocalPort();
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofVirtual().start(() -> pump(client, server, Duration.ZERO));
                Thread.ofVirtual().start(() -> pump(server, client, delay));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(Socket from, Socket to, Duration delay) {
        try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                Thread.sleep(delay);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // One side closed (or the instance was killed): the other goes with it.
        }
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
