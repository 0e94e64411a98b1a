package dev.vellum.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description served at {@code /v3/api-docs}. Routes are functional, so they are
 * described here rather than discovered from annotations.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiDescription {

    @Bean
    OpenAPI vellumOpenApi() {
        // after idempotencyKeys: a transaction carries its key in the body
        return transactionPaths(idempotencyKeys(userPaths(documentPaths(kvAndCorePaths()))));
    }

    /** {@code POST /v1/transactions}: exactly-once operations (see the README). */
    private static OpenAPI transactionPaths(OpenAPI api) {
        ObjectSchema operation = new ObjectSchema();
        operation.description("One of {\"datastore\": <a /v1/datastore body>}, {\"mutate_in\": {\"collection\", \"key\", "
                + "...the mutate_in body}}, or a route call {\"method\", \"path\", \"body\"?, \"if_match\"?} on "
                + "/v1/datastore, /v1/collections/... or /v1/kv/...");
        ObjectSchema request = new ObjectSchema();
        request.addProperty("idempotency_key", new StringSchema().minLength(1).maxLength(255));
        request.addProperty("lock_resource", new StringSchema().minLength(1).maxLength(255));
        request.addProperty("lock_ttl_seconds", new Schema<Integer>().type("integer")
                .minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(3600))._default(30));
        request.addProperty("result_ttl_seconds", new Schema<Integer>().type("integer")
                .minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(2_592_000))._default(86_400));
        request.addProperty("operations", new Schema<>().type("array").items(operation).minItems(1).maxItems(50));
        request.required(List.of("idempotency_key", "operations"));
        return api.path(TransactionRoutes.PATH, new PathItem().post(operation("transaction",
                "Runs the operations once per idempotency_key, in one Postgres transaction, all or nothing. Always "
                + "200 with {ok, result: {results: [{status, body}]}, idempotent, locked, error, error_code, "
                + "error_details, retry_in}; a malformed request is 400", request)));
    }

    /** Every POST, PUT, PATCH and DELETE takes {@code Idempotency-Key} (see the README). */
    private static OpenAPI idempotencyKeys(OpenAPI api) {
        api.getComponents().addParameters("IdempotencyKey", new Parameter().in("header").name("Idempotency-Key")
                .required(false)
                .schema(new StringSchema().minLength(1).maxLength(255).pattern("^[\\x21-\\x7E]+$"))
                .description("The first answer (status and body) is recorded for 24 h and replayed, with "
                        + "Idempotent-Replayed: true, to a retry of the same request by the same caller; 409 "
                        + "IDEMPOTENCY_IN_PROGRESS while the first still runs, 422 IDEMPOTENCY_KEY_REUSED for a "
                        + "different request. Not with Accept: application/x-ndjson."));
        for (PathItem path : api.getPaths().values()) {
            for (Operation operation : new Operation[] {path.getPost(), path.getPut(), path.getPatch(), path.getDelete()}) {
                if (operation != null) {
                    operation.addParametersItem(new Parameter().$ref("#/components/parameters/IdempotencyKey"));
                }
            }
        }
        return api;
    }

    /** App users: management (secret key), self-service and relationships. */
    private static OpenAPI userPaths(OpenAPI api) {
        String rel = "/v1/users/{id}/relationships/{type}";
        return api
                .path("/v1/users", new PathItem()
                        .get(operation("queryUsers", "{data, total, has_more}; filters on email, roles, data.*", null))
                        .post(operation("createAppUser", "{email, password, data?, roles?} → 201 user", new ObjectSchema())))
                .path("/v1/users/count", new PathItem().get(operation("countAppUsers", "{count: N}", null)))
                .path("/v1/users/find_one", new PathItem().get(operation("findUser", "First matching user; 404", null)))
                .path("/v1/users/by_email/{email}", new PathItem().get(operation("getAppUserByEmail",
                        "Case-insensitive; 404", null)))
                .path("/v1/users/{id}", new PathItem()
                        .get(operation("getAppUser", "The user; 404", null))
                        .patch(operation("updateAppUser", "password re-hashed (revokes tokens), roles replaced, data merged",
                                new ObjectSchema()))
                        .delete(operation("deleteAppUser", "{deleted: true|false}", null)))
                .path(rel, new PathItem()
                        .get(operation("getUserRelationships", "{type}_ids, or a reverse lookup of the paired list", null))
                        .post(operation("addUserRelationship", "{user_id, bidirectional?}", new ObjectSchema())))
                .path(rel + "/{related_id}", new PathItem().delete(operation("removeUserRelationship",
                        "?bidirectional=true removes both sides", null)));
    }

    /** The Cocobase-style document routes; filters are query parameters (see the README). */
    private static OpenAPI documentPaths(OpenAPI api) {
        String c = "/v1/collections/{collection}";
        return api
                .path("/v1/collections", new PathItem()
                        .get(operation("getCollections", "Secret key: {data: [{name, created_at, updated_at, settings}], total,"
                                + " has_more} sorted by name; limit, offset", null))
                        .post(operation("createCollection", "Secret key: {name, ...settings} → 201; 409 CONFLICT if it exists",
                                new ObjectSchema())))
                .path(c, new PathItem()
                        .get(operation("getCollection", "Secret key: the collection; 404 COLLECTION_NOT_FOUND", null))
                        .patch(operation("updateCollection", "Secret key: merges settings (null removes one)", new ObjectSchema()))
                        .delete(operation("deleteCollection", "Secret key: the collection and its documents, at once;"
                                + " {deleted: true}", null)))
                .path(c + "/documents", new PathItem()
                        .get(operation("query", "{data, total, has_more}; filters field=value, field_gte=..., [or]...; "
                                + "sort, order, limit, offset, select", null))
                        .post(operation("createDocument", "Create one document (object) or several (array); 201",
                                new ObjectSchema())))
                .path(c + "/documents/{id}", new PathItem()
                        .get(operation("getDocument", "One document; 404 when absent", null))
                        .put(operation("updateDocument", "Replace the content (If-Match: _version)", new ObjectSchema()))
                        .patch(operation("updateDocumentFields", "Merge fields; dotted keys set nested fields",
                                new ObjectSchema()))
                        .delete(operation("deleteDocument", "{deleted: true}; 404 when absent", null)))
                .path(c + "/find_one", new PathItem().get(operation("findOne", "First match; 404 when none", null)))
                .path(c + "/count", new PathItem().get(operation("countDocuments", "{count: N}", null)))
                .path(c + "/changes", new PathItem().get(operation("changes", "Server-Sent Events, one per change of a "
                        + "document the caller may read under the collection's read rules (id: its seq); resume with "
                        + "Last-Event-ID or ?since=<id> (410 CHANGES_EXPIRED past the retention); other parameters are filters",
                        null).addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken"))));
    }

    private static OpenAPI kvAndCorePaths() {
        return new OpenAPI()
                .info(new Info().title("Vellum").version("v1")
                        .description("Self-hostable reactive JSON document database service. Errors are always "
                                + "{\"error\": {\"code\", \"message\", \"details\"}}."))
                .components(new Components()
                        .addSecuritySchemes("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key"))
                        .addSecuritySchemes("userToken", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT"))
                        .addSchemas("Error", OpenApiSchemas.error())
                        .headers(RATE_LIMIT_HEADERS))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .path("/v1/datastore", new PathItem().post(streamable(operation("datastore",
                        "Run one Datastore op: collection.find, insert, update, upsert, count, delete, archive or restore",
                        OpenApiSchemas.datastoreRequest()))
                        .addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken"))))
                .path("/v1/auth/signup", new PathItem().post(operation("signup",
                        "Create an app user; answers 201 {user, token}", OpenApiSchemas.credentials(true))))
                .path("/v1/auth/login", new PathItem().post(operation("login",
                        "Sign in; answers {user, token}", OpenApiSchemas.credentials(false))))
                .path("/v1/auth/me", new PathItem().get(operation("me", "The signed-in user", null)
                        .addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken")))
                        .patch(operation("updateMe", "Own email, password (returns a new token) or data", new ObjectSchema())
                                .addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken")))
                        .delete(operation("deleteMe", "Delete the signed-in user; its tokens die", null)
                        .addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken"))))
                .path("/v1/collections/{collection}/search", new PathItem().get(operation("searchDocuments",
                        "Full-text search ('simple' configuration, no stemming), best match first: a plain list of at "
                                + "most limit documents; a blank q answers []", null)
                        .addParametersItem(query("q", new StringSchema(), "web-search syntax: words, \"a phrase\", or, -word"))
                        .addParametersItem(query("fields", new StringSchema(), "comma list of body fields; default all"))
                        .addParametersItem(query("limit", new Schema<Integer>().type("integer")
                                .minimum(java.math.BigDecimal.ONE).maximum(java.math.BigDecimal.valueOf(100))
                                ._default(20), null))
                        .addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken"))))
                .path("/v1/users/{user_id}/collections/{collection}", new PathItem().get(operation("getUserCollections",
                        "{data, total, has_more}: the documents whose author_id, user_id, creator_id or owner_id is "
                                + "user_id, with query-string filters, sort, order (default desc), limit, offset, select",
                        null)
                        .addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken"))))
                .path(KV, new PathItem()
                        .get(operation("kvGet", "{cas, content} of a document (ETag = cas)", null))
                        .post(operation("kvInsert", "Insert: the body is the content (object or array); 409 DOCUMENT_EXISTS",
                                new ObjectSchema()))
                        .put(operation("kvUpsert", "Upsert, or replace with If-Match / ?cas= (409 CAS_MISMATCH); "
                                + "?expiry=seconds&durability=none|majority|majority_and_persist_to_active|persist_to_majority",
                                new ObjectSchema()))
                        .delete(operation("kvRemove", "Remove (optional If-Match / ?cas=)", null)))
                .path("/v1/fetch_all", new PathItem().post(operation("fetchAll",
                        "Up to 20 document queries run concurrently; answers in the same order (query → "
                        + "{data, total, has_more}, find_one → document or null, count → integer). All are validated "
                        + "first; an error names the query in details.index", OpenApiSchemas.fetchAllRequest())
                        .addSecurityItem(new SecurityRequirement().addList("apiKey").addList("userToken"))))
                .path(KV + "/lookup_in", new PathItem().post(operation("lookupIn",
                        "get / exists / count specs, each succeeding or failing on its own, all on one version",
                        OpenApiSchemas.specs(false))))
                .path(KV + "/mutate_in", new PathItem().post(operation("mutateIn",
                        "Up to 16 mutation specs applied in order, all or nothing, in one statement",
                        OpenApiSchemas.specs(true))));
    }

    private static final String KV = "/v1/kv/{collection}/{key}";

    /** Sent with every answer to an authenticated request while Redis answers (see the README's "Rate limits"). */
    private static final Map<String, Header> RATE_LIMIT_HEADERS = new TreeMap<>(Map.of(
            "RateLimit-Limit", header("the caller's bucket capacity (burst)", new IntegerSchema()),
            "RateLimit-Remaining", header("whole tokens left in the bucket", new IntegerSchema()),
            "RateLimit-Reset", header("seconds until the bucket is full again", new IntegerSchema()),
            "RateLimit-Policy", header("<capacity>;w=<seconds an empty bucket takes to fill>", new StringSchema())));

    private static Operation operation(String id, String summary, Schema<?> body) {
        Operation operation = new Operation().operationId(id).summary(summary).responses(new ApiResponses()
                .addApiResponse("200", rateLimited(new ApiResponse().description("success").content(json(new ObjectSchema()))))
                .addApiResponse("429", rateLimited(new ApiResponse()
                        .description("RATE_LIMIT_EXCEEDED: the caller's rate limit (or the signup/login attempt limit) is used up")
                        .addHeaderObject("Retry-After", header("seconds to wait", new IntegerSchema()))
                        .content(json(new Schema<>().$ref("#/components/schemas/Error")))))
                .addApiResponse("4XX", new ApiResponse().description("client error")
                        .content(json(new Schema<>().$ref("#/components/schemas/Error")))));
        if (body != null) {
            operation.requestBody(new RequestBody().required(true).content(json(body)));
        }
        return operation;
    }

    /** collection.find with {@code Accept: application/x-ndjson} streams its documents instead. */
    private static Operation streamable(Operation operation) {
        operation.getResponses().get("200").getContent().addMediaType("application/x-ndjson", new MediaType()
                .schema(new ObjectSchema().description("collection.find only: one document per line; every match "
                        + "unless limit is given; no meta")));
        return operation;
    }

    private static ApiResponse rateLimited(ApiResponse response) {
        RATE_LIMIT_HEADERS.keySet().forEach(name ->
                response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name)));
        return response;
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
    }

    private static Parameter query(String name, Schema<?> schema, String description) {
        return new Parameter().in("query").name(name).schema(schema).description(description);
    }

    private static Content json(Schema<?> schema) {
        return new Content().addMediaType("application/json", new MediaType().schema(schema));
    }
}
