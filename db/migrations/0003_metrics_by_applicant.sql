ALTER TABLE `report_metrics` ADD `carried_over_natural` real;--> statement-breakpoint
ALTER TABLE `report_metrics` ADD `carried_over_legal` real;--> statement-breakpoint
ALTER TABLE `report_metrics` ADD `processed_natural` real;--> statement-breakpoint
ALTER TABLE `report_metrics` ADD `processed_legal` real;--> statement-breakpoint
ALTER TABLE `report_metrics` ADD `carried_forward_natural` real;--> statement-breakpoint
ALTER TABLE `report_metrics` ADD `carried_forward_legal` real;--> statement-breakpoint
-- Figures are now null where a report lacks them (lib/metrics): recomputed from report_values on open (db/metrics.ts).
DELETE FROM `report_metrics`;
