package dev.vellum.collections;

public interface CollectionSettingRule { String name(); void check(tools.jackson.databind.JsonNode value); }
