package dev.vellum.web;

import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;
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
        return of(request.exchange().getRequest(), trustForwardedFor);
    }

    /** The same for a request that has not been routed yet (web filters). */
    public static String of(ServerHttpRequest request, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            String forwarded = request.getHeaders().getFirst("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String first = forwarded.split(",", 2)[0].trim();
                if (!first.isEmpty() && first.length() <= 64) {
                    return first;
                }
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? "unknown" : text(remote);
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
