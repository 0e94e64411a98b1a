package dev.vellum.web;

import dev.vellum.config.VellumProperties;
import dev.vellum.error.VellumException;
import dev.vellum.query.NumberBound;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies as JSON trees with hard limits: size (413), nesting depth, duplicate keys
 * and numbers past {@link NumberBound} (400). Bodies are parsed whatever the Content-Type says, so plain curl works.
 */
@Component
public class JsonBodies {

    /** Deep enough for any document Vellum stores (32 levels) plus the request envelope. */
    static final int MAX_NESTING = 64;

    /** Longest number literal parsed at all; far past {@link NumberBound}, which then names the field. */
    static final int MAX_NUMBER_CHARS = 10 * NumberBound.MAX_DIGITS;

    private final int maxBytes;
    private final JsonMapper reader;

    public JsonBodies(VellumProperties properties) {
        this.maxBytes = (int) properties.maxBodySize().toBytes();
        JsonFactory factory = JsonFactory.builder()
                // Jackson's own number-length limit (1000 characters) would refuse a number without
                // naming its field, and also -1e-999 written out (1002 characters, within the bound):
                // let NumberBound decide, up to a literal length no parse can take long on.
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                        .maxNumberLength(MAX_NUMBER_CHARS).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.reader = JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The body as a JSON tree; an empty body is a VALIDATION_ERROR. */
    public Mono<JsonNode> read(ServerRequest request) {
        return Bytes.of(request.body(BodyExtractors.toDataBuffers()), maxBytes)
                .map(this::parse);
    }

    JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw VellumException.validation("request body is required");
        }
        JsonNode tree = reader.readTree(bytes);
        // Before anything formats or computes with a number: 1e999999999 is 14 bytes here and a
        // gigabyte once written out.
        NumberBound.firstOver(tree).ifPresent(field -> {
            throw VellumException.validation(NumberBound.MESSAGE, Map.of("field", field));
        });
        return tree;
    }

    /** The mapper used for request bodies, exposed for stored-document parsing with the same number rules. */
    public JsonMapper mapper() {
        return reader;
    }
}
