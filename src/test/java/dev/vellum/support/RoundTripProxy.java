package dev.vellum.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that counts client round trips on the wire: a round trip starts each
 * time the client sends bytes after the proxy has handed it server bytes since it last did. The
 * proxy holds the server's answers until the client has sent nothing for {@link #HOLD_NANOS}, so
 * that requests a client pipelines (writes without waiting for an answer, however many TCP writes
 * that takes) all reach the server before any answer reaches the client, and count once. A client
 * that waits for an answer cannot send before the proxy hands it over, so it is never counted
 * short; the count can only be too high (a client that pauses longer than the hold between
 * pipelined writes), never too low. Answers arrive later by the hold: only for tests.
 */
public final class RoundTripProxy implements AutoCloseable {

    static final long HOLD_NANOS = 300_000_000L;

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final AtomicLong roundTrips = new AtomicLong();
    private final StringBuffer log = new StringBuffer();

    public RoundTripProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "round-trip-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public long roundTrips() {
        return roundTrips.get();
    }

    /** The message types of every chunk each way, in the order the proxy saw them ({@code >} client, {@code <} server). */
    public String log() {
        return log.toString();
    }

    public void clearLog() {
        log.setLength(0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket(targetHost, targetPort);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                // true while the server spoke last: the client's next bytes start a round trip
                AtomicBoolean serverSpokeLast = new AtomicBoolean(true);
                AtomicLong clientLastSent = new AtomicLong(System.nanoTime());
                pump(client, target, chunk -> {
                    clientLastSent.set(System.nanoTime());
                    if (serverSpokeLast.getAndSet(false)) {
                        roundTrips.incrementAndGet();
                        log.append(" |");
                    }
                    log.append(" >").append(chunk);
                });
                pump(target, client, chunk -> {
                    holdWhileClientSends(clientLastSent);
                    serverSpokeLast.set(true);
                    log.append(" <").append(chunk);
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}, calling {@code onBytes} with a chunk's message types before forwarding it. */
    private static void pump(Socket from, Socket to, java.util.function.Consumer<String> onBytes) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[65_536];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    onBytes.accept(types(buffer, read));
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "round-trip-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void holdWhileClientSends(AtomicLong clientLastSent) {
        long quiet;
        while ((quiet = System.nanoTime() - clientLastSent.get()) < HOLD_NANOS) {
            try {
                Thread.sleep(Math.max(1, (HOLD_NANOS - quiet) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The type letters of the messages that start in a chunk (assuming it starts on a message). */
    private static String types(byte[] chunk, int length) {
        StringBuilder types = new StringBuilder();
        int at = 0;
        while (at + 5 <= length) {
            types.append((char) chunk[at]);
            int size = ((chunk[at + 1] & 0xff) << 24) | ((chunk[at + 2] & 0xff) << 16) | ((chunk[at + 3] & 0xff) << 8)
                    | (chunk[at + 4] & 0xff);
            if (size < 4) {
                break;
            }
            at += 1 + size;
        }
        return types.toString();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
