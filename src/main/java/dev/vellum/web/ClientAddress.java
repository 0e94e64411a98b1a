package dev.vellum.web;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The address a request comes from, as the attempt and rate limits count it. Each proxy appends
 * the address it received a request from to {@code X-Forwarded-For}, so only the rightmost entries
 * were written by proxies; everything left of them is whatever the client sent.
 */
public final class ClientAddress {

    /** Longer entries are not addresses: the request is counted under the next trusted one. */
    static final int MAX_ENTRY_LENGTH = 64;

    private ClientAddress() {
    }

    /**
     * The remote address of the connection when {@code trustedHops} is 0; otherwise the
     * {@code trustedHops}-th {@code X-Forwarded-For} entry counted from the right (the address the
     * outermost trusted proxy saw), or the leftmost entry when there are fewer. The socket address
     * is used when the header is missing or that entry is empty or too long.
     */
    public static String of(ServerRequest request, int trustedHops) {
        return of(request.exchange().getRequest(), trustedHops);
    }

    /** The same for a request that has not been routed yet (web filters). */
    public static String of(ServerHttpRequest request, int trustedHops) {
        if (trustedHops > 0) {
            List<String> entries = entries(request.getHeaders().getOrEmpty("X-Forwarded-For"));
            if (!entries.isEmpty()) {
                String chosen = entries.get(Math.max(0, entries.size() - trustedHops));
                if (!chosen.isEmpty() && chosen.length() <= MAX_ENTRY_LENGTH) {
                    return chosen;
                }
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? "unknown" : text(remote);
    }

    /** All entries of all {@code X-Forwarded-For} headers, in order (several headers are one list). */
    private static List<String> entries(List<String> headers) {
        List<String> entries = new ArrayList<>();
        for (String header : headers) {
            for (String entry : header.split(",", -1)) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    private static String text(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
