-- Revert memory-orchestrator:function_layout from pg
-- Nothing to put back: function_layout re-created every function with the
-- body, attributes and comment it already had (tests/test_layout.py proves
-- that the live files hold the deployed definitions), so the functions as
-- the previous change left them are the functions as they are now.
BEGIN;
COMMIT;
