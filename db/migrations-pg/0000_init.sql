CREATE TABLE "agencies" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text,
	"kind" text,
	"region_code" text,
	"town_code" text
);
--> statement-breakpoint
CREATE TABLE "import_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"run_at" text NOT NULL,
	"file" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text,
	"report_id" integer
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"path" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_checks" (
	"report_id" integer NOT NULL,
	"rule_id" text NOT NULL,
	"status" text NOT NULL,
	"expected" double precision,
	"actual" double precision,
	"message" text,
	CONSTRAINT "report_checks_report_id_rule_id_pk" PRIMARY KEY("report_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "report_metrics" (
	"report_id" integer PRIMARY KEY NOT NULL,
	"received" double precision,
	"received_natural" double precision,
	"received_legal" double precision,
	"carried_over" double precision,
	"processed" double precision,
	"carried_forward" double precision,
	"granted" double precision,
	"partially_granted" double precision,
	"denied" double precision,
	"unavailable" double precision,
	"not_processed" double precision,
	"other" double precision,
	"review_upheld" double precision,
	"review_corrected" double precision,
	"review_other" double precision,
	"review_pending" double precision,
	"review_total" double precision,
	"direct_upheld" double precision,
	"direct_corrected" double precision,
	"direct_other" double precision,
	"direct_pending" double precision,
	"direct_total" double precision,
	"after_upheld" double precision,
	"after_corrected" double precision,
	"after_other" double precision,
	"after_pending" double precision,
	"after_total" double precision
);
--> statement-breakpoint
CREATE TABLE "report_sections" (
	"report_id" integer NOT NULL,
	"idx" integer NOT NULL,
	"title" text NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	CONSTRAINT "report_sections_report_id_idx_pk" PRIMARY KEY("report_id","idx")
);
--> statement-breakpoint
CREATE TABLE "report_values" (
	"report_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" double precision,
	"status" text NOT NULL,
	"raw" text,
	"start" integer,
	"end" integer,
	"note" text,
	CONSTRAINT "report_values_report_id_key_pk" PRIMARY KEY("report_id","key")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"agency_id" integer,
	"region_code" text,
	"town_code" text,
	"year" integer,
	"format" text NOT NULL,
	"title" text,
	"published" text,
	"source_file" text NOT NULL,
	"source_url" text,
	"source_kind" text NOT NULL,
	"content_hash" text NOT NULL,
	"parser_version" text NOT NULL,
	"text" text NOT NULL,
	"scope" text,
	"is_current" integer DEFAULT 1 NOT NULL,
	"declared" text,
	"warnings" text NOT NULL,
	"failed_checks" integer DEFAULT 0 NOT NULL,
	"warning_count" integer DEFAULT 0 NOT NULL,
	"imported_at" text DEFAULT to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') NOT NULL,
	"covered_rank" integer
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_town_code_regions_code_fk" FOREIGN KEY ("town_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_checks" ADD CONSTRAINT "report_checks_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_metrics" ADD CONSTRAINT "report_metrics_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_sections" ADD CONSTRAINT "report_sections_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_values" ADD CONSTRAINT "report_values_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "agencies_name_region" ON "agencies" USING btree ("name","region_code");--> statement-breakpoint
CREATE INDEX "agencies_region" ON "agencies" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "regions_parent" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "regions_name" ON "regions" USING btree ("name");--> statement-breakpoint
CREATE INDEX "report_checks_failed" ON "report_checks" USING btree ("rule_id","report_id") WHERE status = 'fail';--> statement-breakpoint
CREATE UNIQUE INDEX "reports_content_hash" ON "reports" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "reports_agency_year" ON "reports" USING btree ("agency_id","year");--> statement-breakpoint
CREATE INDEX "reports_current" ON "reports" USING btree ("is_current","year","region_code","town_code","scope","agency_id","failed_checks","warning_count","covered_rank");