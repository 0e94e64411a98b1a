package dev.vellum.transactions;

import dev.vellum.datastore.DatastoreService;
import dev.vellum.documents.DocumentHandler;
import dev.vellum.kv.KvHandler;
import dev.vellum.kv.SubdocHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a transaction's operations run on: the route families' own parse-and-execute methods
 * (without HTTP), so an operation meets the same validation, caller scoping and answers as its
 * route.
 */
@Component
record OperationServices(DatastoreService datastore, DocumentHandler documents, KvHandler kv, SubdocHandler subdoc,
                         JsonMapper mapper) {
}
