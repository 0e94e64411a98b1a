package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vellum.collections.CollectionSettingRule;
import dev.vellum.collections.SchemaSettingRule;
import dev.vellum.error.ErrorCode;
import dev.vellum.error.VellumException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code schema} setting's rule, as the collection management routes will call it. */
class SchemaSettingRuleTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CollectionSettingRule rule = new SchemaSettingRule();

    private VellumException refused(String schema) {
        VellumException e = catchThrowableOfType(VellumException.class, () -> rule.check(JSON.readTree(schema.replace('\'', '"'))));
        assertThat(e).as("refused: %s", schema).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
        assertThat(e.code().status()).isEqualTo(400);
        return e;
    }

    @Test
    void it_claims_the_schema_setting_and_accepts_a_valid_2020_12_schema() {
        assertThat(rule.name()).isEqualTo("schema");
        assertThatCode(() -> rule.check(JSON.readTree("{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\","
                + " \"type\": \"object\", \"$defs\": {\"p\": {\"type\": \"number\"}}, \"properties\": {\"price\": {\"$ref\": \"#/$defs/p\"}}}")))
                .doesNotThrowAnyException();
    }

    @Test
    void a_bad_schema_is_refused_naming_the_problem() {
        VellumException e = refused("{'properties': {'price': {'minimum': 'zero'}}}");
        assertThat(e.details()).containsEntry("field", "schema/properties/price/minimum");
        assertThat(e.getMessage()).contains("/properties/price/minimum");
    }

    @Test
    void a_remote_reference_is_refused() {
        VellumException e = refused("{'items': {'$ref': 'http://127.0.0.1:8080/internal'}}");
        assertThat(e.details()).containsEntry("field", "schema/items/$ref");
    }
}
