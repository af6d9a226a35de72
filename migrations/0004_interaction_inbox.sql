CREATE TABLE "interaction_inbox" (
	"key" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"payload" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"attempts" smallint DEFAULT 1 NOT NULL,
	"done_at" timestamp with time zone,
	"note" text
);
--> statement-breakpoint
CREATE INDEX "interaction_inbox_open" ON "interaction_inbox" USING btree ("platform","lease_until") WHERE done_at is null;--> statement-breakpoint
CREATE INDEX "interaction_inbox_done" ON "interaction_inbox" USING btree ("done_at") WHERE done_at is not null;