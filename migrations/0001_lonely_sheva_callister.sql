ALTER TABLE "cards" ADD COLUMN "key_points" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "cards" ADD COLUMN "accepted" text[] DEFAULT '{}'::text[] NOT NULL;