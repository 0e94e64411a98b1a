package dev.vellum.collections;

import tools.jackson.databind.JsonNode;

/** Validates one collection setting; a setting whose name no rule claims is refused. */
public interface CollectionSettingRule {

    String name();

    void check(JsonNode value);
}
