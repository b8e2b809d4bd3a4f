CREATE TABLE `coverage_summary` (
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`view` text NOT NULL,
	`settings` text NOT NULL,
	PRIMARY KEY(`region_code`, `year`)
);
--> statement-breakpoint
CREATE TABLE `cross_year_findings` (
	`report_id` integer NOT NULL,
	`previous_report_id` integer NOT NULL,
	`agency_id` integer NOT NULL,
	`year` integer NOT NULL,
	`rule_id` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`expected` real,
	`actual` real,
	`doubtful` integer NOT NULL,
	`message` text,
	PRIMARY KEY(`report_id`, `rule_id`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`previous_report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cross_year_findings_previous` ON `cross_year_findings` (`previous_report_id`);--> statement-breakpoint
CREATE INDEX `cross_year_findings_agency` ON `cross_year_findings` (`agency_id`,`year`);--> statement-breakpoint
CREATE INDEX `cross_year_findings_failed` ON `cross_year_findings` (`year`,`severity`) WHERE status = 'fail';--> statement-breakpoint
CREATE TABLE `expected_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`place_code` text NOT NULL,
	`kind` text NOT NULL,
	`expected` integer NOT NULL,
	`from_year` integer,
	`to_year` integer,
	`deadline` text,
	`note` text,
	`source_file` text NOT NULL,
	`imported_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `expected_units_place` ON `expected_units` (`place_code`);--> statement-breakpoint
CREATE TABLE `text_reuse` (
	`report_id` integer NOT NULL,
	`previous_report_id` integer NOT NULL,
	`section` integer NOT NULL,
	`sentences` integer NOT NULL,
	`reused` integer NOT NULL,
	`passages` text NOT NULL,
	PRIMARY KEY(`report_id`, `section`),
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`previous_report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reports_published` ON `reports` (`is_current`,`region_code`,`town_code`,`year`,`agency_id`,`published`);