-- Full-text search over every string value of a document (the documents API's search route).
--
-- Configuration 'simple': a project's documents may be in any language, and hold names, codes
-- and identifiers as often as prose. A language configuration ('english', ...) would stem and
-- drop stop words by the rules of one language, wrongly for every other (and would make "the"
-- or "it" unsearchable); 'simple' only lowercases and splits into words, so a term matches the
-- same word in any language. The price is no stemming: "running" does not find "run".
-- The configuration is spelled out, never taken from default_text_search_config: the index
-- expression must be immutable, and the search statement repeats this exact expression
-- (jsonb_to_tsvector('simple', body, '["string"]')) so the planner can use the index.
--
-- Leading with project and collection (btree_gin) narrows to one collection, as documents_body
-- does. fastupdate is off for the same reason as there: steady write latency over pending-list
-- flushes. Every live document pays for this index on write, whether or not anyone searches
-- its collection. Searches restricted to named fields build their tsvector per row and are
-- not served by it.
create index documents_search on documents
    using gin (project_id, collection, jsonb_to_tsvector('simple', body, '["string"]'))
    with (fastupdate = off) where state = 'live';
