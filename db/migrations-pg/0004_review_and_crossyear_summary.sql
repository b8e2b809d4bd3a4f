CREATE TABLE "cross_year_summary" (
	"level" text NOT NULL,
	"code" text NOT NULL,
	"year" integer NOT NULL,
	"errors" integer NOT NULL,
	"hints" integer NOT NULL,
	"pairs" integer NOT NULL,
	CONSTRAINT "cross_year_summary_level_code_year_pk" PRIMARY KEY("level","code","year")
);
--> statement-breakpoint
DROP INDEX "cross_year_findings_failed";--> statement-breakpoint
CREATE INDEX "reports_review" ON "reports" USING btree ("region_code","town_code","year","doubtful_cells","open_checks","open_meta","stale_corrections","reviewed_cells","uploaded_by","agency_id","is_current","version_pin");--> statement-breakpoint
CREATE INDEX "cross_year_findings_failed" ON "cross_year_findings" USING btree ("year","severity","rule_id") WHERE status = 'fail';