CREATE TABLE `auth_sign_in_failures` (
	`username` text NOT NULL,
	`client` text NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` real NOT NULL,
	PRIMARY KEY(`username`, `client`)
);
