package dev.vellum.documents;

import dev.vellum.query.Condition;
import java.util.List;

/** One query of {@link AsyncDb#fetchAll}: a page, the first match, or a count in one collection, a user query, or collections. */
public sealed interface FetchQuery {

    /** The collection queried; null for the user queries, as users live outside collections. */
    String collection();

    /** {@link AsyncDb#query}: answers a {@link FetchResult.Page}. */
    record Query(String collection, Condition filter, QueryOptions options) implements FetchQuery {
    }

    /** {@link AsyncDb#findOne}: answers a {@link FetchResult.Found}, empty when nothing matches. */
    record FindOne(String collection, Condition filter, List<String> populate) implements FetchQuery {

        public FindOne {
            populate = populate == null ? List.of() : List.copyOf(populate);
        }
    }

    /** {@link AsyncDb#countDocuments}: answers a {@link FetchResult.Counted}. */
    record Count(String collection, Condition filter) implements FetchQuery {
    }

    /** {@link AsyncDb#queryUsers}: answers a {@link FetchResult.Page} of users. */
    record QueryUsers(Condition filter, QueryOptions options) implements FetchQuery {
        @Override
        public String collection() {
            return null;
        }
    }

    /** {@link AsyncDb#getCollections}: answers a {@link FetchResult.Page} of collections (secret key only). */
    record Collections(int limit, int offset) implements FetchQuery {
        @Override
        public String collection() {
            return null;
        }
    }

    /** {@link AsyncDb#getCollection}: answers a {@link FetchResult.Found} holding the collection, empty when there is none. */
    record GetCollection(String collection) implements FetchQuery {
    }

    /** {@link AsyncDb#findUser}: answers a {@link FetchResult.Found} holding a user, empty when none matches. */
    record FindUser(Condition filter) implements FetchQuery {
        @Override
        public String collection() {
            return null;
        }
    }
}
