/**
 * PyTorch `torch.optim.lr_scheduler` (1.13 behaviour, default `last_epoch=-1`). The object model lives
 * in ./torch/: core.ts (param group, base class, root stepper), schedulers.ts (the chainable classes),
 * plateau.ts (ReduceLROnPlateau), definitions.ts (parameters, docs, validation).
 */
export { torchSchedulers } from './torch/definitions';
