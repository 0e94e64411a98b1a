package dev.vellum.api;

import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;

/** The request and error schemas of the OpenAPI description ({@link OpenApiDescription}). */
final class OpenApiSchemas {

    private OpenApiSchemas() {
    }

    static Schema<?> specs(boolean mutations) {
        ObjectSchema spec = new ObjectSchema();
        spec.addProperty("op", new StringSchema()._enum(mutations
                ? List.of("upsert", "insert", "replace", "remove", "array_append", "array_prepend", "array_insert",
                        "array_addunique", "counter")
                : List.of("get", "exists", "count")));
        spec.addProperty("path", new StringSchema().example("purchases.complete[-1]"));
        ObjectSchema body = new ObjectSchema();
        if (mutations) {
            spec.addProperty("value", new Schema<>());
            spec.addProperty("values", new Schema<>().type("array"));
            spec.addProperty("delta", new Schema<Long>().type("integer"));
            spec.addProperty("create_parents", new Schema<Boolean>().type("boolean"));
            body.addProperty("cas", new StringSchema());
            body.addProperty("store_semantics", new StringSchema()._enum(List.of("replace", "upsert", "insert")));
            body.addProperty("expiry", new Schema<Integer>().type("integer"));
            body.addProperty("durability", new StringSchema()._enum(List.of("none", "majority",
                    "majority_and_persist_to_active", "persist_to_majority")));
        }
        body.addProperty("specs", new Schema<>().type("array").items(spec).maxItems(16));
        body.required(List.of("specs"));
        return body;
    }

    static Schema<?> datastoreRequest() {
        return new ObjectSchema()
                .addProperty("op", new StringSchema()._enum(List.of("collection.find", "collection.insert",
                        "collection.update", "collection.upsert", "collection.count", "collection.delete",
                        "collection.archive", "collection.restore")))
                .addProperty("collection", new StringSchema().pattern("^[a-z_][a-z0-9_]{0,63}$"))
                .addProperty("match", new ObjectSchema().description("field or field:$op → value"))
                .addProperty("filter", new ObjectSchema().description("more conditions, or a projection of all 1s / all 0s"))
                .addProperty("project", new ObjectSchema())
                .addProperty("lookup", new ObjectSchema().description("field → collection"))
                .addProperty("sort", new StringSchema().example("_created_at desc"))
                .addProperty("limit", new Schema<Integer>().type("integer").minimum(java.math.BigDecimal.ONE)
                        .maximum(java.math.BigDecimal.valueOf(1000)))
                .addProperty("offset", new Schema<Integer>().type("integer").minimum(java.math.BigDecimal.ZERO))
                .addProperty("data", new Schema<>().description("insert: object or array; update: object(s) with _key, or fields with match"))
                .addProperty("update", new ObjectSchema())
                .addProperty("insert", new ObjectSchema())
                .addProperty("all", new Schema<Boolean>().type("boolean"))
                .required(List.of("op", "collection"));
    }

    static Schema<?> fetchAllRequest() {
        ObjectSchema query = new ObjectSchema();
        query.description("Every key besides these is a filter with a JSON value: status, price_gte, tags_contains, "
                + "[or]a, [or:g]b …");
        query.addProperty("type", new StringSchema()._enum(List.of("query", "find_one", "count")));
        query.addProperty("collection", new StringSchema().pattern("^[a-z_][a-z0-9_]{0,63}$"));
        query.addProperty("limit", new Schema<Integer>().type("integer").minimum(java.math.BigDecimal.ONE)
                .maximum(java.math.BigDecimal.valueOf(1000)));
        query.addProperty("offset", new Schema<Integer>().type("integer").minimum(java.math.BigDecimal.ZERO));
        query.addProperty("sort", new StringSchema().example("created_at"));
        query.addProperty("order", new StringSchema()._enum(List.of("asc", "desc")));
        query.addProperty("select", new StringSchema().example("title,author.name"));
        query.addProperty("populate", new StringSchema().example("author,category:categories"));
        query.required(List.of("type", "collection"));
        return new Schema<>().type("array").items(query).maxItems(20);
    }

    static Schema<?> credentials(boolean withData) {
        ObjectSchema schema = new ObjectSchema();
        schema.addProperty("email", new StringSchema().format("email"));
        schema.addProperty("password", new StringSchema().minLength(8).format("password"));
        if (withData) {
            schema.addProperty("data", new ObjectSchema());
        }
        schema.required(List.of("email", "password"));
        return schema;
    }

    static Schema<?> error() {
        return new ObjectSchema().addProperty("error", new ObjectSchema()
                .addProperty("code", new StringSchema())
                .addProperty("message", new StringSchema())
                .addProperty("details", new ObjectSchema()));
    }
}
