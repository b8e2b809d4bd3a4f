CREATE TABLE "coverage_summary" (
	"region_code" text NOT NULL,
	"year" integer NOT NULL,
	"view" text NOT NULL,
	"settings" text NOT NULL,
	CONSTRAINT "coverage_summary_region_code_year_pk" PRIMARY KEY("region_code","year")
);
--> statement-breakpoint
CREATE TABLE "cross_year_findings" (
	"report_id" integer NOT NULL,
	"previous_report_id" integer NOT NULL,
	"agency_id" integer NOT NULL,
	"year" integer NOT NULL,
	"rule_id" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"expected" double precision,
	"actual" double precision,
	"doubtful" integer NOT NULL,
	"message" text,
	CONSTRAINT "cross_year_findings_report_id_rule_id_pk" PRIMARY KEY("report_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "expected_units" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"place_code" text NOT NULL,
	"kind" text NOT NULL,
	"expected" integer NOT NULL,
	"from_year" integer,
	"to_year" integer,
	"deadline" text,
	"note" text,
	"source_file" text NOT NULL,
	"imported_at" text DEFAULT to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') NOT NULL
);
--> statement-breakpoint
CREATE TABLE "text_reuse" (
	"report_id" integer NOT NULL,
	"previous_report_id" integer NOT NULL,
	"section" integer NOT NULL,
	"sentences" integer NOT NULL,
	"reused" integer NOT NULL,
	"passages" text NOT NULL,
	CONSTRAINT "text_reuse_report_id_section_pk" PRIMARY KEY("report_id","section")
);
--> statement-breakpoint
ALTER TABLE "cross_year_findings" ADD CONSTRAINT "cross_year_findings_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cross_year_findings" ADD CONSTRAINT "cross_year_findings_previous_report_id_reports_id_fk" FOREIGN KEY ("previous_report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "text_reuse" ADD CONSTRAINT "text_reuse_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "text_reuse" ADD CONSTRAINT "text_reuse_previous_report_id_reports_id_fk" FOREIGN KEY ("previous_report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cross_year_findings_previous" ON "cross_year_findings" USING btree ("previous_report_id");--> statement-breakpoint
CREATE INDEX "cross_year_findings_agency" ON "cross_year_findings" USING btree ("agency_id","year");--> statement-breakpoint
CREATE INDEX "cross_year_findings_failed" ON "cross_year_findings" USING btree ("year","severity") WHERE status = 'fail';--> statement-breakpoint
CREATE INDEX "expected_units_place" ON "expected_units" USING btree ("place_code");--> statement-breakpoint
CREATE INDEX "reports_published" ON "reports" USING btree ("is_current","region_code","town_code","year","agency_id","published");