-- Test accuracy and loss measured during training (TrainingRecipe.test_every_epochs): the data
-- for early stopping and the paper's BatchNorm-vs-no-BatchNorm learning curves. NULL on epochs
-- that were not measured (both columns are set together or not at all).

ALTER TABLE epoch_metrics
    ADD COLUMN test_accuracy double precision,
    ADD COLUMN test_loss     double precision,
    ADD CONSTRAINT epoch_metrics_test_pair CHECK ((test_accuracy IS NULL) = (test_loss IS NULL));
