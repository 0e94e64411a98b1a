package dev.vellum.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class ClientAddressTest {

    private static MockServerHttpRequest request(String... forwardedFor) {
        MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.get("/v1/auth/login")
                .remoteAddress(new InetSocketAddress("192.0.2.9", 40000));
        for (String header : forwardedFor) {
            builder.header("X-Forwarded-For", header);
        }
        return builder.build();
    }

    @Test
    void with_no_trusted_hops_the_header_is_ignored() {
        assertThat(ClientAddress.of(request("203.0.113.1"), 0)).isEqualTo("192.0.2.9");
        assertThat(ClientAddress.of(request(), 0)).isEqualTo("192.0.2.9");
    }

    @Test
    void trusted_hops_count_from_the_right() {
        assertThat(ClientAddress.of(request("6.6.6.6, 203.0.113.1"), 1)).isEqualTo("203.0.113.1");
        assertThat(ClientAddress.of(request("6.6.6.6, 203.0.113.1, 10.0.0.2"), 2)).isEqualTo("203.0.113.1");
        assertThat(ClientAddress.of(request("6.6.6.6", "203.0.113.1"), 1)).isEqualTo("203.0.113.1");
    }

    @Test
    void fewer_entries_than_hops_take_the_leftmost_and_no_header_the_socket() {
        assertThat(ClientAddress.of(request("203.0.113.1"), 3)).isEqualTo("203.0.113.1");
        assertThat(ClientAddress.of(request(), 1)).isEqualTo("192.0.2.9");
    }

    @Test
    void an_empty_or_oversized_trusted_entry_falls_back_to_the_socket() {
        assertThat(ClientAddress.of(request("203.0.113.1, "), 1)).isEqualTo("192.0.2.9");
        assertThat(ClientAddress.of(request("x".repeat(65)), 1)).isEqualTo("192.0.2.9");
    }
}
