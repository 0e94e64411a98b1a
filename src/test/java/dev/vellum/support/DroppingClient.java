package dev.vellum.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A blocking HTTP/1.1 client on a raw socket that can hang up mid-request, the way a load
 * balancer, a mobile client or a timeout does: it sends the whole request, then either reads the
 * answer or waits a little and resets the connection without reading anything. Tests run it on
 * their own threads, never on an event loop.
 */
public final class DroppingClient {

    /** What came back: the status and body, or nothing when the client hung up first. */
    public record Answer(int status, String body) {
    }

    private final int port;

    public DroppingClient(int port) {
        this.port = port;
    }

    /** Sends the request and reads the whole answer. */
    public Answer send(String method, String path, Map<String, String> headers, String body) throws IOException {
        return exchange(method, path, headers, body, -1);
    }

    /**
     * Sends the request, waits {@code dropAfterNanos} and resets the connection (RST, like a
     * killed client), reading nothing.
     */
    public void sendAndDrop(String method, String path, Map<String, String> headers, String body,
                            long dropAfterNanos) throws IOException {
        exchange(method, path, headers, body, dropAfterNanos);
    }

    private Answer exchange(String method, String path, Map<String, String> headers, String body,
                            long dropAfterNanos) throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(payload.length).append("\r\n")
                .append("Connection: close\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(payload);
            out.flush();
            if (dropAfterNanos >= 0) {
                LockSupport.parkNanos(dropAfterNanos);
                socket.setSoLinger(true, 0);
                return null;
            }
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static Answer parse(String raw) {
        int lineEnd = raw.indexOf("\r\n");
        int headEnd = raw.indexOf("\r\n\r\n");
        if (lineEnd < 0 || headEnd < 0) {
            throw new IllegalStateException("not an HTTP answer: " + raw);
        }
        int status = Integer.parseInt(raw.substring(9, 12));
        String body = raw.substring(headEnd + 4);
        boolean chunked = raw.substring(0, headEnd).toLowerCase().contains("transfer-encoding: chunked");
        return new Answer(status, chunked ? dechunk(body) : body);
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int sizeEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, sizeEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, sizeEnd + 2, sizeEnd + 2 + size);
            at = sizeEnd + 2 + size + 2;
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
