-- Relationship reverse lookups ("who follows me") render as data @> {"following_ids": [id]};
-- leading with project_id (btree_gin, V1) keeps the match inside one tenant's users.
create index app_users_data on app_users using gin (project_id, data jsonb_path_ops);
