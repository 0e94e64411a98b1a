package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static dev.vellum.query.QueryFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FilterSpecTest {

    @Test
    void all_ones_is_a_projection() {
        FilterSpec spec = FilterSpec.parse(json("{'name': 1, 'email': 1, 'created_at': 1}"));
        assertTrue(spec.condition().isEmpty());
        Projection p = spec.projection().orElseThrow();
        assertTrue(p.isInclusive());
        assertEquals(List.of(BodyPath.of("name"), BodyPath.of("email"), BodyPath.of("created_at")), p.fields());
    }

    @Test
    void all_zeros_is_an_exclusion_projection() {
        Projection p = FilterSpec.parse(json("{'secret': 0}")).projection().orElseThrow();
        assertEquals(false, p.isInclusive());
    }

    @Test
    void anything_else_is_a_condition() {
        assertEquals(MatchParser.parse(json("{'name': 1, 'age': 2}")),
                FilterSpec.parse(json("{'name': 1, 'age': 2}")).condition().orElseThrow());
        assertTrue(FilterSpec.parse(json("{'name': 1, 'age': 0}")).condition().isPresent());
        assertTrue(FilterSpec.parse(json("{'age:$gte': 1}")).condition().isPresent());
        assertTrue(FilterSpec.parse(json("{'flag': true}")).condition().isPresent());
        assertTrue(FilterSpec.parse(json("{'status': 'active'}")).projection().isEmpty());
    }

    @Test
    void absent_or_empty_filter_matches_everything() {
        assertEquals(Condition.always(), FilterSpec.parse(null).condition().orElseThrow());
        assertEquals(Condition.always(), FilterSpec.parse(json("{}")).condition().orElseThrow());
    }

    @Test
    void condition_errors_name_the_key() {
        assertInvalid("a:$bogus", () -> FilterSpec.parse(json("{'a:$bogus': 1}")));
        assertInvalid("filter", () -> FilterSpec.parse(json("[1]")));
    }
}
