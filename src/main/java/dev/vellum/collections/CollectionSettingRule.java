package dev.vellum.collections;

/** Validates one collection setting; a setting no rule claims is refused. */
public interface CollectionSettingRule {

    String name();

    void check(tools.jackson.databind.JsonNode value);
}
