package dev.vellum.web;

import dev.vellum.config.VellumProperties;
import java.util.List;
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

    static final int WRITE_BYTES = 8192;

    private final NdjsonLines lines;
    private final StreamPermits permits;
    private final StreamDeadline deadline;

    public NdjsonResponses(JsonMapper json, VellumProperties properties) {
        this.lines = new NdjsonLines(json);
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
        return lines(owner, documents.map(lines::of));
    }

    /**
     * {@link #ok} for documents already written as lines ({@link NdjsonLines}), gathered into
     * writes of about {@value #WRITE_BYTES} bytes: one write, one stall timer and one Netty
     * promise per write rather than per document, while what a stalled client holds back stays
     * within Netty's prefetch of writes (128 × 8 KB), not the whole stream.
     */
    public Mono<ServerResponse> lines(String owner, Flux<byte[]> documents) {
        BodyInserter<Flux<byte[]>, ReactiveHttpOutputMessage> body =
                (message, context) -> message.writeWith(permits.hold(owner,
                        deadline.bound(writes(documents)).map(write -> message.bufferFactory().wrap(write))));
        return ServerResponse.ok().contentType(MediaType.APPLICATION_NDJSON).body(body);
    }

    /** Lines joined up to {@value #WRITE_BYTES} bytes (a longer line alone); the rest when the stream ends. */
    static Flux<byte[]> writes(Flux<byte[]> lines) {
        return Flux.defer(() -> {
            int[] gathered = {0};
            return lines.bufferUntil(line -> {
                gathered[0] += line.length;
                if (gathered[0] < WRITE_BYTES) {
                    return false;
                }
                gathered[0] = 0;
                return true;
            }).map(NdjsonResponses::joined);
        });
    }

    private static byte[] joined(List<byte[]> lines) {
        if (lines.size() == 1) {
            return lines.get(0);
        }
        int size = 0;
        for (byte[] line : lines) {
            size += line.length;
        }
        // A plain array, not a pooled buffer: nothing to release if the client goes away mid-write.
        byte[] joined = new byte[size];
        int at = 0;
        for (byte[] line : lines) {
            System.arraycopy(line, 0, joined, at, line.length);
            at += line.length;
        }
        return joined;
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
