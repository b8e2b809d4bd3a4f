CREATE TABLE `agencies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`level` text,
	`kind` text,
	`region_code` text,
	`town_code` text,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`town_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agencies_name_region` ON `agencies` (`name`,`region_code`);--> statement-breakpoint
CREATE INDEX `agencies_region` ON `agencies` (`region_code`);--> statement-breakpoint
CREATE TABLE `import_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_at` text NOT NULL,
	`file` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`report_id` integer
);
--> statement-breakpoint
CREATE TABLE `regions` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`level` text NOT NULL,
	`parent_code` text,
	`path` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `regions_parent` ON `regions` (`parent_code`);--> statement-breakpoint
CREATE INDEX `regions_name` ON `regions` (`name`);--> statement-breakpoint
CREATE TABLE `report_checks` (
	`report_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`status` text NOT NULL,
	`expected` real,
	`actual` real,
	`message` text,
	PRIMARY KEY(`report_id`, `rule_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_checks_failed` ON `report_checks` (`rule_id`,`report_id`) WHERE status = 'fail';--> statement-breakpoint
CREATE TABLE `report_metrics` (
	`report_id` integer PRIMARY KEY NOT NULL,
	`received` real,
	`received_natural` real,
	`received_legal` real,
	`carried_over` real,
	`processed` real,
	`carried_forward` real,
	`granted` real,
	`partially_granted` real,
	`denied` real,
	`unavailable` real,
	`not_processed` real,
	`other` real,
	`review_upheld` real,
	`review_corrected` real,
	`review_other` real,
	`review_pending` real,
	`review_total` real,
	`direct_upheld` real,
	`direct_corrected` real,
	`direct_other` real,
	`direct_pending` real,
	`direct_total` real,
	`after_upheld` real,
	`after_corrected` real,
	`after_other` real,
	`after_pending` real,
	`after_total` real,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_sections` (
	`report_id` integer NOT NULL,
	`idx` integer NOT NULL,
	`title` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	PRIMARY KEY(`report_id`, `idx`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `report_values` (
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
);
--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agency_id` integer,
	`region_code` text,
	`town_code` text,
	`year` integer,
	`format` text NOT NULL,
	`title` text,
	`published` text,
	`source_file` text NOT NULL,
	`source_url` text,
	`source_kind` text NOT NULL,
	`content_hash` text NOT NULL,
	`parser_version` text NOT NULL,
	`text` text NOT NULL,
	`scope` text,
	`is_current` integer DEFAULT true NOT NULL,
	`declared` text,
	`warnings` text NOT NULL,
	`failed_checks` integer DEFAULT 0 NOT NULL,
	`warning_count` integer DEFAULT 0 NOT NULL,
	`imported_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`agency_id`) REFERENCES `agencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_content_hash` ON `reports` (`content_hash`);--> statement-breakpoint
CREATE INDEX `reports_agency_year` ON `reports` (`agency_id`,`year`);--> statement-breakpoint
CREATE INDEX `reports_current` ON `reports` (`is_current`,`year`,`region_code`,`town_code`,`scope`,`agency_id`,`failed_checks`,`warning_count`);