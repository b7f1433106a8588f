-- Revert memory-orchestrator:api_tags from pg
BEGIN;

SET LOCAL ROLE memory_owner;

DELETE FROM memory_store.dispatch_actions WHERE action IN ('add_tags', 'remove_tags', 'list_tags', 'tag_counts');

DROP FUNCTION memory_store.dispatch_tag_counts(jsonb, text);
DROP FUNCTION memory_store.dispatch_list_tags(jsonb, text);
DROP FUNCTION memory_store.dispatch_remove_tags(jsonb, text);
DROP FUNCTION memory_store.dispatch_add_tags(jsonb, text);
DROP FUNCTION memory.tag_counts(text);
DROP FUNCTION memory.list_tags(text);
DROP FUNCTION memory.remove_tags(text, text[]);
DROP FUNCTION memory.add_tags(text, text[]);
DROP FUNCTION memory_store.tag_counts_impl(text);
DROP FUNCTION memory_store.list_tags_impl(text);
DROP FUNCTION memory_store.remove_tags_impl(text, text[]);
DROP FUNCTION memory_store.add_tags_impl(text, text[]);
DROP FUNCTION memory_store.tags_target(text, boolean);
DROP FUNCTION memory_store.check_tag_array(text[]);

COMMIT;
