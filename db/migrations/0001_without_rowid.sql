-- Custom migration (drizzle-kit generate --custom): the per-report detail tables become
-- WITHOUT ROWID tables, clustered on their primary key. Same columns and keys as in db/schema.ts,
-- so drizzle's snapshot still describes them; the rows are stored once, in (report_id, key)
-- order, instead of in a rowid table plus a primary-key index: storing a report's 200 values
-- costs half as much, and reading one report's values is one range scan.
-- drizzle-orm cannot declare WITHOUT ROWID: if drizzle-kit ever rebuilds these tables for a
-- schema change, repeat this in a custom migration after it. (PostgreSQL has no such option and
-- needs none: see README.)
CREATE TABLE `__new_report_values` (
	`report_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` real,
	`status` text NOT NULL,
	`raw` text,
	`start` integer,
	`end` integer,
	`note` text,
	PRIMARY KEY(`report_id`, `key`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_report_values` SELECT `report_id`, `key`, `value`, `status`, `raw`, `start`, `end`, `note` FROM `report_values`;--> statement-breakpoint
DROP TABLE `report_values`;--> statement-breakpoint
ALTER TABLE `__new_report_values` RENAME TO `report_values`;--> statement-breakpoint
CREATE TABLE `__new_report_checks` (
	`report_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`status` text NOT NULL,
	`expected` real,
	`actual` real,
	`message` text,
	PRIMARY KEY(`report_id`, `rule_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_report_checks` SELECT `report_id`, `rule_id`, `status`, `expected`, `actual`, `message` FROM `report_checks`;--> statement-breakpoint
DROP TABLE `report_checks`;--> statement-breakpoint
ALTER TABLE `__new_report_checks` RENAME TO `report_checks`;--> statement-breakpoint
CREATE INDEX `report_checks_failed` ON `report_checks` (`rule_id`,`report_id`) WHERE status = 'fail';
