package dev.vellum.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import dev.vellum.query.MatchParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The access setting: what parses into which entries, and the field every refusal names. */
class AccessParserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void the_issue_example_parses_into_its_entries() {
        AccessRules rules = AccessParser.parse(json("""
                {"read": [{"who": "public", "where": {"published": true}}, {"who": "owner"}],
                 "create": [{"who": "authenticated"}],
                 "update": [{"who": "owner"}, {"who": "role:moderator"}],
                 "delete": [{"who": "owner"}, {"who": "role:moderator"}]}"""));
        assertThat(rules.of(Action.READ)).containsExactly(
                new Grant(new Who.Public(), Optional.of(MatchParser.parse(json("{\"published\": true}")))), Grant.owner());
        assertThat(rules.of(Action.CREATE)).containsExactly(new Grant(new Who.Authenticated(), Optional.empty()));
        assertThat(rules.of(Action.UPDATE)).containsExactly(Grant.owner(), new Grant(new Who.Role("moderator"), Optional.empty()));
        assertThat(rules.grantsVisitors()).isTrue();
    }

    @Test
    void actions_left_out_keep_the_owner_default_and_null_is_the_default() {
        AccessRules rules = AccessParser.parse(json("{\"read\": [{\"who\": \"authenticated\"}]}"));
        assertThat(rules.of(Action.DELETE)).containsExactly(Grant.owner());
        assertThat(AccessParser.parse(null)).isEqualTo(AccessRules.DEFAULT);
        assertThat(AccessParser.parse(json("null"))).isEqualTo(AccessRules.DEFAULT);
        assertThat(AccessRules.DEFAULT.grantsVisitors()).isFalse();
    }

    @Test
    void an_empty_list_and_none_grant_nobody_but_the_secret_key() {
        AccessRules rules = AccessParser.parse(json("{\"delete\": [], \"update\": [{\"who\": \"none\"}]}"));
        assertThat(rules.of(Action.DELETE)).isEmpty();
        assertThat(rules.of(Action.UPDATE)).containsExactly(new Grant(new Who.Nobody(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[]                                                   | access",
            "{\"list\": []}                                        | access.list",
            "{\"read\": {\"who\": \"owner\"}}                       | access.read",
            "{\"read\": [\"owner\"]}                                | access.read[0]",
            "{\"read\": [{}]}                                      | access.read[0].who",
            "{\"read\": [{\"who\": \"everyone\"}]}                  | access.read[0].who",
            "{\"read\": [{\"who\": \"role:\"}]}                     | access.read[0].who",
            "{\"read\": [{\"who\": \"role:a b\"}]}                  | access.read[0].who",
            "{\"read\": [{\"who\": 1}]}                             | access.read[0].who",
            "{\"update\": [{\"who\": \"owner\"}, {\"who\": \"owner\", \"when\": 1}]} | access.update[1].when",
            "{\"read\": [{\"who\": \"public\", \"where\": []}]}      | access.read[0].where",
            "{\"read\": [{\"who\": \"public\", \"where\": {\"a:$near\": 1}}]} | access.read[0].where.a:$near",
            "{\"read\": [{\"who\": \"none\", \"where\": {\"a\": 1}}]} | access.read[0].where",
    })
    void invalid_settings_are_a_validation_error_naming_the_field(String setting, String field) {
        assertThatThrownBy(() -> AccessParser.parse(json(setting)))
                .isInstanceOfSatisfying(VellumException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                    assertThat(e.details()).containsEntry("field", field);
                });
    }

    @Test
    void more_than_sixteen_entries_are_refused() {
        String entries = String.join(",", java.util.Collections.nCopies(17, "{\"who\": \"owner\"}"));
        assertThatThrownBy(() -> AccessParser.parse(json("{\"read\": [" + entries + "]}")))
                .isInstanceOfSatisfying(VellumException.class, e -> assertThat(e.details()).containsEntry("field", "access.read"));
        assertThat(AccessParser.parse(json("{\"read\": [" + String.join(",", java.util.Collections.nCopies(16,
                "{\"who\": \"owner\"}")) + "]}")).of(Action.READ)).hasSize(16);
    }

    @Test
    void the_setting_rule_is_named_access_and_refuses_what_the_parser_refuses() {
        dev.vellum.collections.AccessSettingRule rule = new dev.vellum.collections.AccessSettingRule();
        assertThat(rule.name()).isEqualTo("access");
        rule.check(json("{\"read\": [{\"who\": \"role:moderator\"}]}"));
        assertThatThrownBy(() -> rule.check(json("{\"read\": 1}"))).isInstanceOf(VellumException.class);
        assertThat(List.of(Action.values())).extracting(a -> a.wireName).containsExactly("read", "create", "update", "delete");
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
