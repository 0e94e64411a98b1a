package dev.vellum.datastore;

import dev.vellum.store.CountMode;
import dev.vellum.docstore.HiddenState;
import dev.vellum.docstore.KeyedUpdate;
import dev.vellum.docstore.NewDocument;
import dev.vellum.docstore.SetOp;
import dev.vellum.query.Condition;
import dev.vellum.query.Projection;
import dev.vellum.query.SortKey;
import java.util.List;
import java.util.Map;

/** A parsed, validated Datastore request: one record per op. */
public sealed interface DatastoreOp {

    String collection();

    /** {@code limitGiven}: the client set {@code limit}; otherwise {@code limit} is the default page size. */
    record Find(String collection, Condition match, Projection projection, List<SortKey> sort,
                int limit, boolean limitGiven, int offset, Map<String, String> lookup, CountMode count)
            implements DatastoreOp {

        /** A stream returns every match unless the client asked for a limit. */
        Integer streamLimit() {
            return limitGiven ? limit : null;
        }
    }

    record Insert(String collection, List<NewDocument> documents) implements DatastoreOp {
    }

    record UpdateByKeys(String collection, List<KeyedUpdate> updates) implements DatastoreOp {
    }

    record UpdateByMatch(String collection, Condition match, List<SetOp> sets) implements DatastoreOp {
    }

    record Upsert(String collection, Condition match, String matchFingerprint, List<SetOp> update,
                  NewDocument insert) implements DatastoreOp {
    }

    record Count(String collection, Condition match) implements DatastoreOp {
    }

    /** delete and archive: hide the matching documents under a new ref. */
    record Hide(String collection, Condition match, HiddenState state) implements DatastoreOp {
    }

    record Restore(String collection, String ref) implements DatastoreOp {
    }
}
