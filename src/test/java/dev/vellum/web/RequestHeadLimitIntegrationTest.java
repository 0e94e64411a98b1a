package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vellum.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A request head past the server's limit (8 KB by default) is answered {@code 431} with an error
 * body and the connection closed, whether it is the first request of a connection or comes after
 * others on a kept-alive one. Sent raw over a socket, so nothing in a client library decides for it.
 */
class RequestHeadLimitIntegrationTest extends IntegrationTest {

    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static final int CONNECTIONS = 200;

    @Test
    void an_oversized_head_as_the_first_request_is_a_431_and_the_connection_closes() throws IOException {
        try (Socket socket = connect()) {
            send(socket, oversized());
            String answer = readUntilClosed(socket);
            assertTooLarge(answer);
        }
    }

    @Test
    void an_oversized_head_after_answered_requests_on_one_connection_is_a_431_and_the_connection_closes() throws IOException {
        // sent the moment the previous answer arrived, when the server may not have finished with
        // that request yet: Reactor Netty alone then sent nothing at all, now and then, so many tries
        for (int connection = 0; connection < CONNECTIONS; connection++) {
            try (Socket socket = connect()) {
                for (int i = 0; i < 2; i++) {
                    send(socket, "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                    assertThat(readOneAnswer(socket)).startsWith("HTTP/1.1 200");
                }
                send(socket, oversized());
                String answer = readUntilClosed(socket);
                assertTooLarge(answer);
            }
        }
    }

    @Test
    void an_oversized_request_line_after_an_answered_request_is_refused_and_the_connection_closes() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readOneAnswer(socket)).startsWith("HTTP/1.1 200");
            send(socket, "GET /actuator/health?q=" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            String answer = readUntilClosed(socket);
            assertThat(answer).startsWith("HTTP/1.1 414 ");
            assertThat(answer).containsIgnoringCase("connection: close");
            assertThat(answer).contains("{\"error\":{\"code\":\"URI_TOO_LONG\",\"message\":\"the request line is longer than 4096 bytes\",\"details\":{\"limit\":4096}}}");
        }
    }

    private static void assertTooLarge(String answer) {
        assertThat(answer).startsWith("HTTP/1.1 431 ");
        assertThat(answer).containsIgnoringCase("connection: close");
        assertThat(answer).contains("{\"error\":{\"code\":\"HEADERS_TOO_LARGE\",\"message\":\"the request's headers are larger than 8192 bytes\",\"details\":{\"limit\":8192}}}");
    }

    private static String oversized() {
        return "GET /actuator/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: " + "f".repeat(9_000) + "\r\n\r\n";
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes the connection; a timeout fails the test. */
    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) != -1; ) {
                answer.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open without closing; received so far: " + answer, e);
        }
        return answer.toString(StandardCharsets.ISO_8859_1);
    }

    /** One answer with a Content-Length body (the server's answers to these requests have one). */
    private static String readOneAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new AssertionError("the connection closed mid-answer: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return text + new String(body, StandardCharsets.UTF_8);
    }
}
