// The commands of `kit-chat`, in the order `kit-chat --help` lists them. A new command is one
// module in this folder exporting a Command, added here.
import type { Command } from '../command';
import { doctorCommand } from './doctor';
import { forgetCommand } from './forget';
import { relayCommand } from './relay';
import { simulatorCommand } from './simulator';

export const COMMANDS: readonly Command[] = [relayCommand, doctorCommand, forgetCommand, simulatorCommand];
