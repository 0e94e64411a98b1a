-- The system fields of both sides of a change (issue 16): a collection's read rules and a feed's
-- filters may test _version, _created_at and _modified_at, and the change feed checks them on the
-- document before the change as well as after it. Rows recorded before this migration have them
-- null, which such a test never matches.
alter table changes
    add column created_at           timestamptz,
    add column modified_at          timestamptz,
    add column previous_version     bigint,
    add column previous_created_at  timestamptz,
    add column previous_modified_at timestamptz;
