package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static dev.vellum.query.QueryFixtures.doc;
import static dev.vellum.query.QueryFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ProjectionTest {

    private static final ObjectNode DOC = doc("{'_key': 'k1', '_userkey': 'u1', '_created_at': '2024-01-01T00:00:00.000Z',"
            + " '_modified_at': '2024-01-01T00:00:00.000Z', '_version': 1, 'name': 'Ann', 'email': 'a@x',"
            + " 'address': {'city': 'Oslo', 'zip': '0150', 'geo': {'lat': 1, 'lon': 2}}, 'tags': [{'a': 1}]}");

    private static String apply(String projection) {
        return Projection.parse(json(projection)).apply(DOC).toString();
    }

    @Test
    void inclusion_keeps_key_and_named_fields_in_document_order() {
        assertEquals(doc("{'_key': 'k1', 'name': 'Ann', 'email': 'a@x'}").toString(), apply("{'email': 1, 'name': true}"));
    }

    @Test
    void inclusion_can_drop_key() {
        assertEquals(doc("{'name': 'Ann'}").toString(), apply("{'name': 1, '_key': 0}"));
    }

    @Test
    void dotted_inclusion_keeps_nested_structure() {
        assertEquals(doc("{'_key': 'k1', 'address': {'city': 'Oslo', 'geo': {'lat': 1}}}").toString(),
                apply("{'address.geo.lat': 1, 'address.city': 1}"));
        assertEquals(doc("{'_key': 'k1', 'address': {'city': 'Oslo', 'zip': '0150', 'geo': {'lat': 1, 'lon': 2}}}").toString(),
                apply("{'address.city': 1, 'address': 1}"));
    }

    @Test
    void dotted_paths_do_not_reach_into_arrays() {
        assertEquals(doc("{'_key': 'k1'}").toString(), apply("{'tags.a': 1, 'name.first': 1}"));
    }

    @Test
    void exclusion_removes_named_fields_including_system_fields() {
        assertEquals(doc("{'_key': 'k1', '_userkey': 'u1', '_created_at': '2024-01-01T00:00:00.000Z',"
                        + " '_modified_at': '2024-01-01T00:00:00.000Z', 'name': 'Ann', 'email': 'a@x',"
                        + " 'address': {'city': 'Oslo', 'geo': {'lat': 1, 'lon': 2}}, 'tags': [{'a': 1}]}").toString(),
                apply("{'_version': 0, 'address.zip': false}"));
        assertEquals(doc("{'name': 'Ann'}").toString(),
                Projection.parse(json("{'_key': 0, 'email': 0}")).apply(doc("{'_key': 'k', 'name': 'Ann', 'email': 'e'}")).toString());
    }

    @Test
    void apply_does_not_modify_the_document() {
        String before = DOC.toString();
        apply("{'address.zip': 0}");
        apply("{'address.zip': 1}");
        assertEquals(before, DOC.toString());
    }

    @Test
    void none_and_empty_projections_return_the_document() {
        assertSame(DOC, Projection.NONE.apply(DOC));
        assertSame(Projection.NONE, Projection.parse(null));
        assertSame(Projection.NONE, Projection.parse(json("{}")));
    }

    @Test
    void key_alone_is_an_inclusion_or_an_exclusion() {
        assertEquals(doc("{'_key': 'k1'}").toString(), apply("{'_key': 1}"));
        Projection dropKey = Projection.parse(json("{'_key': 0}"));
        assertEquals(List.of(SystemField.KEY), dropKey.fields());
    }

    @Test
    void mixing_includes_and_excludes_is_rejected() {
        assertInvalid("email", () -> Projection.parse(json("{'name': 1, 'email': 0}")));
        assertInvalid("name", () -> Projection.parse(json("{'email': 0, 'name': 1}")));
    }

    @Test
    void bad_projection_values_and_names_are_rejected() {
        assertInvalid("name", () -> Projection.parse(json("{'name': 2}")));
        assertInvalid("name", () -> Projection.parse(json("{'name': 'yes'}")));
        assertInvalid("_nope", () -> Projection.parse(json("{'_nope': 1}")));
        assertInvalid("project", () -> Projection.parse(json("[1]")));
    }
}
