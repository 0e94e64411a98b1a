package dev.vellum.query;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vellum.query.Condition.Compare;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** In memory, $ne is exactly the negation of $eq and $nin of $in, whatever the field holds. */
class NegationProperties {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property
    void ne_is_not_eq(@ForAll("docs") ObjectNode doc, @ForAll("values") JsonNode value) {
        BodyPath path = BodyPath.of("a");
        boolean eq = InMemoryMatcher.matches(new Compare(path, Op.EQ, value), doc);
        boolean ne = InMemoryMatcher.matches(new Compare(path, Op.NE, value), doc);
        assertNotEquals(eq, ne, doc + " " + value);
    }

    @Property
    void nin_is_not_in(@ForAll("docs") ObjectNode doc, @ForAll("values") JsonNode a, @ForAll("values") JsonNode b) {
        BodyPath path = BodyPath.of("a");
        JsonNode list = NODES.arrayNode().add(a).add(b);
        boolean in = InMemoryMatcher.matches(new Compare(path, Op.IN, list), doc);
        boolean nin = InMemoryMatcher.matches(new Compare(path, Op.NIN, list), doc);
        assertNotEquals(in, nin, doc + " " + list);
    }

    @Property
    void ne_is_not_eq_through_arrays_of_objects(@ForAll("docs") ObjectNode doc, @ForAll("values") JsonNode value) {
        BodyPath path = BodyPath.of("a", "b");
        boolean eq = InMemoryMatcher.matches(new Compare(path, Op.EQ, value), doc);
        boolean ne = InMemoryMatcher.matches(new Compare(path, Op.NE, value), doc);
        assertNotEquals(eq, ne, doc + " " + value);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.integers().between(-2, 2).map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.of("x", "1", "").map(s -> (JsonNode) NODES.stringNode(s)),
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.just(NODES.nullNode()));
        Arbitrary<JsonNode> arrays = scalars.list().ofMaxSize(3).map(NegationProperties::array);
        Arbitrary<JsonNode> objects = scalars.map(v -> (JsonNode) NODES.objectNode().set("b", v));
        Arbitrary<JsonNode> nested = Arbitraries.oneOf(scalars, arrays, objects).list().ofMaxSize(3)
                .map(NegationProperties::array);
        return Arbitraries.oneOf(scalars, arrays, objects, nested);
    }

    @Provide
    Arbitrary<ObjectNode> docs() {
        return values().injectNull(0.2).map(v -> {
            ObjectNode doc = NODES.objectNode();
            if (v != null) {
                doc.set("a", v);
            }
            return doc;
        });
    }

    private static JsonNode array(List<JsonNode> elements) {
        return NODES.arrayNode().addAll(elements);
    }
}
