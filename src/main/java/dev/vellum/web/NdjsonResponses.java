package dev.vellum.web;

import dev.vellum.config.VellumProperties;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Streamed list responses: {@code application/x-ndjson}, one compact JSON document per line. */
@Component
public class NdjsonResponses {

    private static final byte NEWLINE = '\n';

    private final JsonMapper json;
    private final StreamPermits permits;
    private final StreamDeadline deadline;

    public NdjsonResponses(JsonMapper json, VellumProperties properties) {
        this.json = json;
        VellumProperties.Streams streams = properties.streams();
        this.permits = new StreamPermits(streams.perUser(), streams.perInstance(), "streams");
        this.deadline = new StreamDeadline(streams.stallTimeout(), streams.maxDuration());
    }

    /**
     * Whether the client asked for NDJSON: listed explicitly (wildcards do not count) and not
     * ranked below {@code application/json}. A malformed Accept header keeps the JSON answer.
     */
    public static boolean requested(ServerRequest request) {
        return requested(request.headers().asHttpHeaders());
    }

    /** {@link #requested(ServerRequest)} for filters that run before routing. */
    public static boolean requested(HttpHeaders headers) {
        List<MediaType> accepted;
        try {
            accepted = headers.getAccept();
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
        double ndjson = quality(accepted, MediaType.APPLICATION_NDJSON);
        return ndjson > 0 && ndjson >= quality(accepted, MediaType.APPLICATION_JSON);
    }

    /**
     * A 200 that writes each document as it arrives. An error before the first line still
     * becomes the usual JSON error (nothing is committed yet); after it, the response is aborted
     * so the client sees a truncated body rather than a short list that looks complete.
     * {@code owner} (the caller) may have only so many streams open at once, as may the instance;
     * a stream that makes no progress, or runs too long, is ended (see {@link StreamDeadline}).
     */
    public Mono<ServerResponse> ok(String owner, Flux<? extends JsonNode> documents) {
        BodyInserter<Flux<? extends JsonNode>, ReactiveHttpOutputMessage> lines =
                (message, context) -> message.writeWith(
                        permits.hold(owner, deadline.bound(documents.map(doc -> line(message, doc)))));
        return ServerResponse.ok().contentType(MediaType.APPLICATION_NDJSON).body(lines);
    }

    private DataBuffer line(ReactiveHttpOutputMessage message, JsonNode doc) {
        // A wrapped array, not a pooled buffer: nothing to release if the client goes away mid-line.
        byte[] bytes = json.writeValueAsBytes(doc);
        byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
        line[bytes.length] = NEWLINE;
        return message.bufferFactory().wrap(line);
    }

    /** Streams open now on this instance (for tests and metrics). */
    public int openStreams() {
        return permits.open();
    }

    private static double quality(List<MediaType> accepted, MediaType type) {
        return accepted.stream().filter(type::equalsTypeAndSubtype)
                .mapToDouble(MediaType::getQualityValue).max().orElse(0);
    }
}
