package dev.vellum.api;

import java.net.InetSocketAddress;
import org.springframework.web.reactive.function.server.ServerRequest;

/** The address a request comes from, as the attempt and rate limits count it. */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * The remote address of the connection; with {@code trustForwardedFor}, the first entry of
     * {@code X-Forwarded-For} when present (only safe behind a proxy that sets that header).
     */
    public static String of(ServerRequest request, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            String forwarded = request.headers().firstHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String first = forwarded.split(",", 2)[0].trim();
                if (!first.isEmpty() && first.length() <= 64) {
                    return first;
                }
            }
        }
        return request.remoteAddress()
                .map(ClientAddress::text)
                .orElse("unknown");
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
