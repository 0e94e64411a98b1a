-- An automatic or declared index on body fields is one PostgreSQL index per project and spec,
-- shared by the project's collections: `collection` is its first column and its predicate carries
-- project_id (dev.vellum.indexing.IndexDdl). With one partial index per collection, every
-- statement on documents was planned against every collection's indexes (PostgreSQL opens each
-- and tries to prove its predicate), a cost that grew with the number of collections indexed;
-- README "Automatic indexing". A row of collection_indexes stays one collection's index (its
-- origin, shapes, status, limits); `physical` names the PostgreSQL index it is served by, the
-- same for every collection of the project with that spec. Full-text indexes stay per collection,
-- and indexes built before this migration keep their own name (physical = name).
alter table collection_indexes add column physical text;
update collection_indexes set physical = name;
alter table collection_indexes alter column physical set not null;
create index collection_indexes_physical on collection_indexes (physical);
