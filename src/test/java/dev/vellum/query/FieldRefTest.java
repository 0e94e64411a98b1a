package dev.vellum.query;

import static dev.vellum.query.QueryFixtures.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldRefTest {

    @Test
    void system_field_names_map_to_their_columns() {
        assertEquals(SystemField.KEY, FieldRef.parse("_key"));
        assertEquals(SystemField.USERKEY, FieldRef.parse("_userkey"));
        assertEquals("owner", SystemField.USERKEY.column());
        assertEquals(SystemField.CREATED_AT, FieldRef.parse("_created_at"));
        assertEquals(SystemField.MODIFIED_AT, FieldRef.parse("_modified_at"));
        assertEquals(SystemField.VERSION, FieldRef.parse("_version"));
    }

    @Test
    void dotted_names_are_body_paths() {
        assertEquals(BodyPath.of("address", "city"), FieldRef.parse("address.city"));
        assertEquals(BodyPath.of("created_at"), FieldRef.parse("created_at"));
        assertEquals("address.city", FieldRef.parse("address.city").publicName());
    }

    @Test
    void underscore_inside_a_path_is_not_a_system_field() {
        assertEquals(BodyPath.of("a", "_key"), FieldRef.parse("a._key"));
    }

    @Test
    void thirty_one_components_are_allowed_thirty_two_are_not() {
        String ok = String.join(".", Collections.nCopies(31, "a"));
        assertEquals(31, ((BodyPath) FieldRef.parse(ok)).segments().size());
        String tooDeep = ok + ".a";
        assertInvalid(tooDeep, () -> FieldRef.parse(tooDeep));
    }

    @Test
    void names_over_1024_bytes_are_rejected() {
        String ok = "é".repeat(512);
        FieldRef.parse(ok);
        String tooLong = "é".repeat(512) + "x";
        assertInvalid(tooLong, () -> FieldRef.parse(tooLong));
    }

    @Test
    void empty_components_are_rejected() {
        for (String name : List.of("", "a.", ".a", "a..b", ".")) {
            assertInvalid(name, () -> FieldRef.parse(name));
        }
    }

    @Test
    void unknown_system_field_is_rejected() {
        var e = assertInvalid("_secret", () -> FieldRef.parse("_secret"));
        assertTrue(e.getMessage().contains("unknown system field"), e.getMessage());
    }

    @Test
    void system_fields_have_no_sub_fields() {
        assertInvalid("_key.x", () -> FieldRef.parse("_key.x"));
    }

    @Test
    void integer_like_segments_may_index_arrays_like_postgres() {
        assertTrue(BodyPath.of("a", "0").mayIndexArray());
        assertTrue(BodyPath.of("a", "-1").mayIndexArray());
        assertTrue(BodyPath.of("a", " +2").mayIndexArray());
        assertFalse(BodyPath.of("a", "b").mayIndexArray());
        assertFalse(BodyPath.of("a", "1x").mayIndexArray());
        assertFalse(BodyPath.of("a", "99999999999").mayIndexArray());
    }
}
