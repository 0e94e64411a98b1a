package dev.vellum.documents;

import dev.vellum.store.CountMode;
import dev.vellum.error.VellumException;
import java.util.List;
import java.util.Map;

/**
 * Paging, order and field selection of {@link AsyncDb#query}: sort by one field ({@code null}
 * means {@code created_at}; ties always by {@code id}), ascending unless told otherwise, at most
 * {@value #MAX_LIMIT} documents from {@code offset}; a non-empty {@code select} returns only
 * those fields plus {@code id}; {@code populate} names fields whose keys are replaced by the documents
 * they reference ({@code field} or {@code field:collection}, see {@link dev.vellum.docstore.Populate}); {@code count}
 * says how the total is counted ({@link CountMode}, estimated above a threshold unless asked for exact). Invalid values
 * are a {@code VALIDATION_ERROR}.
 */
public record QueryOptions(String sort, Order order, int limit, int offset, List<String> select, List<String> populate,
                           CountMode count) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 1000;

    public enum Order { ASC, DESC }

    public QueryOptions {
        order = order == null ? Order.ASC : order;
        select = select == null ? List.of() : List.copyOf(select);
        populate = populate == null ? List.of() : List.copyOf(populate);
        count = count == null ? CountMode.ESTIMATED : count;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw VellumException.validation("'limit' must be an integer from 1 to " + MAX_LIMIT, Map.of("field", "limit"));
        }
        if (offset < 0) {
            throw VellumException.validation("'offset' must be an integer from 0", Map.of("field", "offset"));
        }
    }

    /** Counted the default way. */
    public QueryOptions(String sort, Order order, int limit, int offset, List<String> select, List<String> populate) {
        this(sort, order, limit, offset, select, populate, CountMode.ESTIMATED);
    }

    /** Without populate. */
    public QueryOptions(String sort, Order order, int limit, int offset, List<String> select) {
        this(sort, order, limit, offset, select, List.of());
    }

    /** The first {@value #DEFAULT_LIMIT} documents, oldest first, all fields. */
    public static QueryOptions defaults() {
        return new QueryOptions(null, Order.ASC, DEFAULT_LIMIT, 0, List.of());
    }

    public QueryOptions sortBy(String field, Order direction) {
        return new QueryOptions(field, direction, limit, offset, select, populate, count);
    }

    public QueryOptions limit(int newLimit) {
        return new QueryOptions(sort, order, newLimit, offset, select, populate, count);
    }

    public QueryOptions offset(int newOffset) {
        return new QueryOptions(sort, order, limit, newOffset, select, populate, count);
    }

    public QueryOptions select(String... fields) {
        return new QueryOptions(sort, order, limit, offset, List.of(fields), populate, count);
    }

    /** {@code populate("author", "category:cats")}: replace these fields' keys by the referenced documents. */
    public QueryOptions populate(String... fields) {
        return new QueryOptions(sort, order, limit, offset, select, List.of(fields), count);
    }

    /** {@code count(CountMode.EXACT)}: count every match, whatever it costs. */
    public QueryOptions count(CountMode mode) {
        return new QueryOptions(sort, order, limit, offset, select, populate, mode);
    }
}
