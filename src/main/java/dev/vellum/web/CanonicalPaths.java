package dev.vellum.web;

import dev.vellum.error.VellumException;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Makes the guards see the path the router sees. The router decodes {@code %xx} and drops
 * {@code ;params}; the guards compare text. So, before every guard: percent-encoded unreserved
 * characters ({@code %61} for {@code a}; RFC 3986 says they mean the same) are decoded, and a path
 * with {@code ;} in its route prefix, an empty segment or a {@code .}/{@code ..} segment is
 * refused with a 400.
 * Runs before every guard.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class CanonicalPaths implements WebFilter {

    /** How many leading segments the guards read: {@code /v1/transactions}, {@code /actuator/metrics}. */
    private static final int GUARD_SEGMENTS = 2;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String raw = request.getURI().getRawPath();
        if (raw == null || raw.isEmpty()) {
            return chain.filter(exchange);
        }
        String canonical = decodeUnreserved(raw);
        Optional<String> problem = problem(canonical);
        if (problem.isPresent()) {
            return Mono.error(VellumException.validation("the request path " + problem.get()
                    + ": send it in canonical form", Map.of("field", "path")));
        }
        if (canonical.equals(raw)) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(request.mutate().path(canonical).build()).build());
    }

    /**
     * Why a (decoded) path is not canonical, if it is not. A {@code ;} is refused in the first two
     * segments, which decide every guard ({@code /v1/transactions}, {@code /actuator/health});
     * deeper it stays data, as KV keys have always allowed it.
     */
    static Optional<String> problem(String path) {
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i];
            if (i <= GUARD_SEGMENTS && segment.indexOf(';') >= 0) {
                return Optional.of("has a ';' in its route prefix (path parameters are not supported)");
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                return Optional.of("has an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("has a '.' or '..' segment");
            }
        }
        return Optional.empty();
    }

    /** {@code %41} → {@code A} for letters, digits and {@code -._~}; other escapes stay as they are. */
    static String decodeUnreserved(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                int value = hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2));
                if (value >= 0 && unreserved((char) value)) {
                    out.append((char) value);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    private static int hex(char c) {
        int digit = Character.digit(c, 16);
        return digit < 0 ? -1000 : digit;
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
