package dev.vellum.transactions;

import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/** One route call of a transaction: method, path with its query, JSON body (or none), If-Match (or none). */
record Operation(HttpMethod method, String pathAndQuery, JsonNode body, String ifMatch) {
}
