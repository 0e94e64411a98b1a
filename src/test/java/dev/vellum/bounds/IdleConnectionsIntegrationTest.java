package dev.vellum.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.BoundedIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * HTTP connections that do nothing are closed by the server after
 * {@code vellum.server.read-idle-timeout}: one that never sends a request, and one that stops in
 * the middle of its body. On the old main both stayed open for as long as the client liked.
 */
class IdleConnectionsIntegrationTest extends BoundedIntegrationTest {

    @Test
    void a_connection_that_sends_nothing_is_closed() throws IOException {
        try (Socket socket = connect()) {
            assertThat(readUntilClosed(socket.getInputStream())).isEmpty();
        }
    }

    @Test
    void a_request_whose_body_never_arrives_is_closed() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(("POST /v1/datastore HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: " + SECRET_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"op\":").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // whatever the server says before closing (nothing, or an error), it does close
            readUntilClosed(socket.getInputStream());
        }
    }

    @Test
    void an_idle_keep_alive_connection_after_an_answer_is_closed() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        // generous: the server closes long before; a read that times out fails the test
        socket.setSoTimeout((int) GENEROUS.toMillis());
        return socket;
    }

    /** Everything the server sends until it closes the connection. */
    private static String readUntilClosed(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        return new String(all, StandardCharsets.US_ASCII);
    }
}
